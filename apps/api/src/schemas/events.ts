/** Schemas of GET /events and its tickets (POST /events/ticket). */
import { Type } from 'typebox';

/** base64url of 32 random bytes. */
export const TICKET_PATTERN = '^[A-Za-z0-9_-]{43}$';
const TICKET_RE = new RegExp(TICKET_PATTERN);
export const isTicketShaped = (value: unknown): value is string =>
  typeof value === 'string' && TICKET_RE.test(value);

export const EVENT_TYPES_PATTERN =
  '^(prediction|status|model|training)(,(prediction|status|model|training))*$';

export const EventsQuery = Type.Object({
  types: Type.Optional(Type.String({ pattern: EVENT_TYPES_PATTERN })),
  ticket: Type.Optional(
    Type.String({
      pattern: TICKET_PATTERN,
      description:
        'Single-use ticket from POST /events/ticket, in place of an API key header (browsers’ EventSource cannot send one)',
    }),
  ),
});

export const EventTicket = Type.Object(
  {
    ticket: Type.String({ pattern: TICKET_PATTERN, description: 'Pass as GET /events?ticket=…; works once' }),
    expiresAt: Type.String({ format: 'date-time' }),
    expiresInSeconds: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
