// Removes an engine (e.g. one imported by mistake) after a confirmation, then returns to the fleet.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { describeError } from '../../../lib/api/api-error';
import { useDeleteEngine } from '../api/delete-engine';

export function RemoveEngine({ engineId }: { engineId: string }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const remove = useDeleteEngine(engineId);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Remove engine…
      </button>
      <ConfirmDialog
        open={open}
        title={`Remove engine ${engineId}?`}
        confirmLabel="Remove engine"
        busy={remove.isPending}
        error={remove.error ? <p className="input-error">{describeError(remove.error)}</p> : undefined}
        onCancel={() => {
          setOpen(false);
          remove.reset();
        }}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => void navigate('/fleet'),
          })
        }
      >
        <p>Its telemetry and prediction history are deleted too. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
