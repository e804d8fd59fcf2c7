import { ConfigExport } from '@/components/config-export';
import { ConfigImport } from '@/components/config-import';
import './config-transfer.css';

// /config: the whole config out as YAML, and YAML in, previewed before it is applied.

export function ConfigTransfer() {
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Import and export</h1>
          <p className="muted summary">
            The whole config as declarative YAML: the shape <code>HEADWATER_CONFIG</code> reads on start.
          </p>
        </div>
      </header>
      <ConfigExport />
      <ConfigImport />
    </div>
  );
}
