/**
 * About: the tool's version and the credits of the data it bundles,
 * GeoIP first.
 */
import { useCall } from '../use-call.js';

/** The About dialog. */
export function AboutDialog({ onClose }: { onClose(): void }) {
  const about = useCall('about', {});
  const a = about.value;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="about"
        data-testid="about" onClick={(e) => e.stopPropagation()}>
        <h2>{a ? `${a.toolName} ${a.toolVersion}` : 'Tenant Trail'}</h2>
        <p>Offline forensic workbench for Microsoft 365, Entra ID and
          Google Workspace logs.</p>
        {a && <p className="credit" data-testid="geo-credit">{a.geoCredit}</p>}
        <ul className="small">
          {a?.attributions.map((t) => <li key={t}>{t}</li>)}
        </ul>
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
