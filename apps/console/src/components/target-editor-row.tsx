import type { ReactNode } from 'react';
import './table.css';
import './target-editor-row.css';

// The frame of a row in the edit page's target table (tests: data-testid="target-row-<i>"):
// Enter in one of its inputs submits that row alone, and messages no cell claims show in a
// row of their own right below it.

export function TargetEditorRow(props: {
  index: number;
  className: string | undefined;
  /** Called on Enter in an input of the row; the row decides whether there is anything to send. */
  onEnter: () => void;
  general: string[];
  children: ReactNode;
}) {
  const { index, className, onEnter, general, children } = props;
  return (
    <>
      <tr
        data-testid={`target-row-${index}`}
        className={className}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
            e.preventDefault();
            onEnter();
          }
        }}
      >
        {children}
      </tr>
      {general.length > 0 && (
        <tr className="row-error">
          <td />
          <td colSpan={9}>
            <p className="field-error" role="alert">
              {general.join('; ')}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
