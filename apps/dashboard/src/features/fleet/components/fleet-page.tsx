import { NeedsApiSupport } from '../../../components/needs-api-support';
import { PageHeader } from '../../../components/page-header';

export function FleetPage() {
  return (
    <>
      <PageHeader title="Fleet" description="Every engine’s health and remaining useful life at a glance." />
      <NeedsApiSupport
        view="Fleet"
        endpoints={['GET /engines', 'GET /events']}
        purpose="Summary tiles (healthy, warning, critical, model in service) and a sortable, filterable engine table with a RUL trend per row, updated live."
      />
    </>
  );
}
