// The fleet filters live in the URL (?status=&name=&model=&rulMin=&rulMax=), so a filtered fleet can be
// bookmarked, shared and restored with the back button. Unknown statuses are dropped rather than sent to
// the API.
import { ENGINE_HEALTH_LABELS, type EngineHealth } from '../../../components/status-badge';
import { rangeFromParams, rangeToParams, type RulRange } from './rul-range';

export interface FleetFilter {
  status: EngineHealth | '';
  name: string;
  /** A served model's name; '' for every model. */
  model: string;
  /** The remaining-life range (a band of the histogram); null for every engine. */
  rul: RulRange | null;
}

const isHealth = (value: string): value is EngineHealth => Object.hasOwn(ENGINE_HEALTH_LABELS, value);

export function filterFromParams(params: URLSearchParams): FleetFilter {
  const status = params.get('status') ?? '';
  return {
    status: isHealth(status) ? status : '',
    name: params.get('name') ?? '',
    model: params.get('model') ?? '',
    rul: rangeFromParams(params),
  };
}

/** The filter as search params, empty ones left out; other params (none today) are dropped. */
export function filterToParams(filter: FleetFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.name) params.set('name', filter.name);
  if (filter.model) params.set('model', filter.model);
  rangeToParams(filter.rul, params);
  return params;
}
