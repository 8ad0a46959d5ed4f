import { Alert } from 'antd';
import { useEffect, useRef } from 'react';
import { ApiProblem } from '../api/problem';

/** The server's problem as people read it: its message, and the field messages under it. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // A long form's submit button is far below its alert: bring the reason into view.
  useEffect(() => {
    if (error) ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [error]);
  if (!error) return null;
  const problem = error instanceof ApiProblem ? error : null;
  const message = problem?.message ?? (error instanceof Error ? error.message : String(error));
  const details = problem?.errors.filter((e) => e.message && e.message !== message) ?? [];
  return (
    <div ref={ref}>
      <Alert
        type="error"
        showIcon
        role="alert"
        title={title ?? message}
        description={
          title || details.length ? (
            <>
              {title ? <div>{message}</div> : null}
              {details.length ? (
                <ul className="problem-fields">
                  {details.map((d) => (
                    <li key={`${d.path}:${d.code}`}>{d.message}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : undefined
        }
      />
    </div>
  );
}
