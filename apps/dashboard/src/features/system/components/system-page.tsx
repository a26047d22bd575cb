// System view: is the API ready, which models serve, versions, drift and where to look next.
import { PageHeader } from '../../../components/page-header';
import { ActiveModelPanel } from './active-model-panel';
import { DriftPanel } from './drift-panel';
import { LinksPanel } from './links-panel';
import { ReadinessPanel } from './readiness-panel';

export function SystemPage() {
  return (
    <>
      <PageHeader title="System" description="Health of the inference API and the models it serves." />
      <div className="grid-2">
        <ReadinessPanel />
        <LinksPanel />
      </div>
      <ActiveModelPanel />
      <DriftPanel />
    </>
  );
}
