import { useState, type FormEvent } from 'react';
import { bridge } from './bridge';
import { useAppStore } from './store/appStore';

/** Opening a repository: the native folder picker under Electron, or a path typed on the machine that runs Wavelane. */
export function OpenProjectForm() {
  const [path, setPath] = useState('');
  const error = useAppStore((state) => state.error);
  const setError = useAppStore((state) => state.setError);

  const pick = async () => {
    const outcome = await bridge.request('project.pick', {});
    setError(outcome.ok ? null : outcome.error.message);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await bridge.request('project.open', { path });
    setError(outcome.ok ? null : outcome.error.message);
  };

  return (
    <form className="open-project" onSubmit={submit} aria-label="Open repository">
      {bridge.host === 'electron' && (
        <button type="button" className="primary" onClick={() => void pick()}>
          Choose folder…
        </button>
      )}
      <label>
        Repository path
        <input value={path} onChange={(event) => setPath(event.target.value)} placeholder="/path/to/repo" />
      </label>
      <button type="submit" disabled={!path.trim()}>
        Open
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
