import { lazy, Suspense } from 'react';
import { Board } from './board/Board';
import { ObjectivesSidebar } from './board/ObjectivesSidebar';
import { Toolbar } from './board/Toolbar';
import { Dialogs } from './dialogs/Dialogs';
import { LazyBoundary } from './LazyBoundary';
import { Notice } from './Notice';
import { OpenProjectForm } from './OpenProjectForm';
import { StatusBar } from './run/StatusBar';
import { useAppStore } from './store/appStore';

/** xterm is most of the bundle: load it only once there is a run to watch. */
const TerminalGrid = lazy(() => import('./terminal/TerminalGrid').then((module) => ({ default: module.TerminalGrid })));

export function App() {
  const project = useAppStore((state) => state.project);
  const connection = useAppStore((state) => state.connection);
  const info = useAppStore((state) => state.info);
  const hasRun = useAppStore((state) => state.run !== null);

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
      {project && <Toolbar />}
      <Notice />
      <div className="workspace">
        {project && <ObjectivesSidebar />}
        <Board />
      </div>
      {hasRun && (
        <LazyBoundary what="The terminal panes">
          <Suspense fallback={null}>
            <TerminalGrid />
          </Suspense>
        </LazyBoundary>
      )}
      <StatusBar />
      <Dialogs />
    </div>
  );
}
