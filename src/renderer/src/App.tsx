import { BoardFrame } from './board/BoardFrame';
import { OpenProjectForm } from './OpenProjectForm';
import { useAppStore } from './store/appStore';

export function App() {
  const project = useAppStore((state) => state.project);
  const connection = useAppStore((state) => state.connection);
  const info = useAppStore((state) => state.info);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Wavelane</span>
        <h1 className="project-name" title={project?.path}>
          {project ? project.name : 'No repository open'}
        </h1>
        {project?.branch && <span className="branch">on {project.branch}</span>}
        <span className={`connection connection-${connection}`} role="status">
          {connection === 'open' ? '' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
        {info && <span className="version">v{info.version}</span>}
      </header>
      {!project && <OpenProjectForm />}
      <BoardFrame />
    </div>
  );
}
