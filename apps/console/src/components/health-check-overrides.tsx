'use client';

import type { FieldErrors } from '@/lib/api-errors';
import type { UpstreamView } from '@/lib/api-types';
import { ACTIVE_FIELDS, PASSIVE_FIELDS, type SettingField } from '@/lib/settings-catalog';
import { inheritedText, type OverridesForm } from '@/lib/target-overrides';
import { CheckField } from '@/components/field';
import { OverrideRow } from '@/components/override-row';
import './table.css';
import './health-check-overrides.css';

// A target's health-check settings: each one inherited from the upstream, or overridden here
// with "reset to inherited". An active block of the target's own turns probing on for it alone,
// so it is a switch of its own, said plainly.

type Props = {
  upstream: UpstreamView;
  value: OverridesForm;
  errors: FieldErrors;
  onChange: (update: (overrides: OverridesForm) => OverridesForm, touched: readonly string[]) => void;
};

export function HealthCheckOverrides(props: Props) {
  const { upstream, value, errors, onChange } = props;
  const upstreamActive = upstream.healthChecks.active !== null;
  return (
    <>
      <CheckField
        id="override-healthChecks-active"
        label="Active checks of its own"
        checked={value.ownActive}
        onChange={(ownActive) =>
          onChange(
            (overrides) => ({
              ownActive,
              // Off: the block goes, with every active override in it.
              fields: ownActive
                ? overrides.fields
                : Object.fromEntries(Object.entries(overrides.fields).filter(([path]) => !path.startsWith('healthChecks.active.'))),
            }),
            ['healthChecks.active'],
          )
        }
        hint={
          upstreamActive
            ? "The upstream's active checks are on; turn this on to probe this target differently (its own path, say)."
            : "The upstream's active checks are off; turning this on probes this target alone, with core's defaults for what you do not override."
        }
        error={errors['healthChecks.active']}
      />
      {value.ownActive && <OverridesTable caption="Active checks" fields={ACTIVE_FIELDS} {...props} />}
      <OverridesTable caption="Passive checks (circuit breaker)" fields={PASSIVE_FIELDS} {...props} />
    </>
  );
}

function OverridesTable({
  caption,
  fields,
  upstream,
  value,
  errors,
  onChange,
}: Props & { caption: string; fields: readonly SettingField[] }) {
  const upstreamHas = fields === PASSIVE_FIELDS || upstream.healthChecks.active !== null;
  return (
    <table className="table overrides-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">{upstreamHas ? 'Upstream (inherited)' : 'Default (inherited)'}</th>
          <th scope="col">This target</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <OverrideRow
            key={field.path}
            field={field}
            inherited={inheritedText(upstream, field)}
            text={value.fields[field.path]}
            error={errors[field.path]}
            onSet={(text) =>
              onChange(
                (overrides) => {
                  const { [field.path]: _reset, ...others } = overrides.fields;
                  return { ...overrides, fields: text === undefined ? others : { ...others, [field.path]: text } };
                },
                [field.path],
              )
            }
          />
        ))}
      </tbody>
    </table>
  );
}
