// msw handlers answering every fleet, registry, training and drift endpoint with the fixtures; tests
// override single routes with server.use().
import { http, HttpResponse } from 'msw';
import { activeModel } from './fixtures/api-bodies';
import {
  drift,
  engineDetail,
  engineList,
  fleetSummary,
  modelDetail,
  models,
  servedModels,
  telemetry,
  trainingJob,
} from './fixtures/fleet-bodies';
import { API_ORIGIN, server } from './msw-server';

export function answerFleetApi() {
  server.use(
    http.get(`${API_ORIGIN}/engines`, () => HttpResponse.json(engineList())),
    http.get(`${API_ORIGIN}/fleet/summary`, () => HttpResponse.json(fleetSummary)),
    http.get(`${API_ORIGIN}/engines/:id`, () => HttpResponse.json(engineDetail)),
    http.get(`${API_ORIGIN}/engines/:id/telemetry`, () => HttpResponse.json(telemetry)),
    http.get(`${API_ORIGIN}/models/served`, () => HttpResponse.json(servedModels)),
    http.get(`${API_ORIGIN}/models/active`, () => HttpResponse.json(activeModel)),
    http.get(`${API_ORIGIN}/models/active/drift`, () => HttpResponse.json(drift)),
    http.get(`${API_ORIGIN}/models`, () => HttpResponse.json(models)),
    http.get(`${API_ORIGIN}/models/:version`, ({ params }) =>
      HttpResponse.json(modelDetail(String(params.version))),
    ),
    http.get(`${API_ORIGIN}/training-jobs`, () =>
      HttpResponse.json({ items: [trainingJob()], total: 1, limit: 20, offset: 0 }),
    ),
    http.get(`${API_ORIGIN}/training-jobs/:id`, () => HttpResponse.json(trainingJob())),
  );
}
