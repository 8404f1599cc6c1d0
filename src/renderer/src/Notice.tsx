import { useAppStore } from './store/appStore';

/** The page's alert: why an import, a start or a setting was refused, with the details the core gave. */
export function Notice() {
  const notice = useAppStore((state) => state.notice);
  const showNotice = useAppStore((state) => state.showNotice);
  if (!notice) return null;
  return (
    <div className="notice">
      <div role="alert" className="notice-text">
        <p>{notice.message}</p>
        {notice.details && notice.details.length > 0 && (
          <ul>
            {notice.details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="link" onClick={() => showNotice(null)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
