// Every model the API serves, in its preference order: version, state, what it was trained on, the
// default one marked; each row can show its card below.
import { StatusBadge } from '../../../components/status-badge';
import type { ServedModel } from '../../../lib/api/served-models';

export function stateTone(state: string) {
  return state === 'ready' ? 'ok' : state === 'failed' ? 'critical' : 'warning';
}

export function ServedModelsTable({
  models,
  shown,
  onShow,
}: {
  models: readonly ServedModel[];
  /** The model whose card is shown. */
  shown: string | undefined;
  onShow: (name: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Served models</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Trained on</th>
            <th scope="col" className="num">
              Window
            </th>
            <th scope="col">Card</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.name} aria-current={m.name === shown}>
              <th scope="row">
                {m.name}
                {m.default ? (
                  <>
                    {' '}
                    <span className="tag" title="Answers when no model fits a history better">
                      default
                    </span>
                  </>
                ) : null}
              </th>
              <td>{m.version}</td>
              <td>
                <StatusBadge tone={stateTone(m.state)}>{m.state}</StatusBadge>
                {m.error ? <div className="hint">{m.error}</div> : null}
              </td>
              <td>
                {[m.subset, `${m.conditions} ${m.conditions === 1 ? 'condition' : 'conditions'}`]
                  .filter(Boolean)
                  .join(', ')}
              </td>
              <td className="num">{m.window} cycles</td>
              <td>
                <button
                  type="button"
                  aria-pressed={m.name === shown}
                  aria-label={`Show the card of ${m.name}`}
                  onClick={() => onShow(m.name)}
                >
                  Show card
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
