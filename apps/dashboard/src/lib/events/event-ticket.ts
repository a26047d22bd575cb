// POST /events/ticket: a single-use ticket that lets EventSource (which cannot send an API key header)
// open GET /events. One ticket per connection attempt: a used one is refused.
import { unwrap, type ApiClient } from '../api/client';

export async function fetchEventTicket(client: ApiClient): Promise<string> {
  const { ticket } = await unwrap(client.POST('/events/ticket'));
  return ticket;
}
