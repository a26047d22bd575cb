// Route table for the six views; each view is a feature's page component.
import { Navigate, type RouteObject } from 'react-router';
import { EnginePage } from '../features/engine/components/engine-page';
import { FleetPage } from '../features/fleet/components/fleet-page';
import { ModelsPage } from '../features/models/components/models-page';
import { PredictPage } from '../features/predict/components/predict-page';
import { SystemPage } from '../features/system/components/system-page';
import { TrainingPage } from '../features/training/components/training-page';
import { Layout } from './layout';
import { NotFound } from './not-found';

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/fleet" replace /> },
      { path: 'fleet', element: <FleetPage /> },
      { path: 'engines', element: <EnginePage /> },
      { path: 'engines/:engineId', element: <EnginePage /> },
      { path: 'predict', element: <PredictPage /> },
      { path: 'models', element: <ModelsPage /> },
      { path: 'training', element: <TrainingPage /> },
      { path: 'system', element: <SystemPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
