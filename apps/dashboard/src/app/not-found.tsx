import { Link } from 'react-router';
import { EmptyState } from '../components/async-states';

export function NotFound() {
  return (
    <EmptyState title="No such page">
      <p>
        <Link to="/fleet">Go to the fleet overview</Link>
      </p>
    </EmptyState>
  );
}
