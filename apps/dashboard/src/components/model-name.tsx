// A model's short name with its full name in a title, plus a small "best fit" tag when the server chose
// it from the history's operating conditions rather than someone assigning it.
import { modelLabel } from '../lib/format/model-label';

export function ModelName({ name, bestFit = false }: { name: string; bestFit?: boolean }) {
  return (
    <span className="model-name">
      <span title={name}>{modelLabel(name)}</span>
      {bestFit ? (
        <>
          {' '}
          <span className="tag" title="Chosen automatically: the model whose operating conditions fit best">
            best fit
          </span>
        </>
      ) : null}
    </span>
  );
}
