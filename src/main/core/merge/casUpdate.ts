import { err, ok, type Result } from '../../../shared/result';
import { runGit } from '../git/git';
import { resolveCommit } from '../git/repoInfo';

export type CasError = 'REF_MOVED' | 'REF_UPDATE_FAILED';

/**
 * Moves `ref` from `oldOid` to `newOid` only if it is still at `oldOid` (`git update-ref <ref> <new>
 * <old>`, atomic under git's ref lock). `REF_MOVED`: someone else advanced it meanwhile, so the caller
 * starts its merge over on the new head; nothing was changed.
 */
export async function compareAndSwapRef(input: {
  cwd: string;
  ref: string;
  newOid: string;
  oldOid: string;
  message: string;
}): Promise<Result<void, CasError>> {
  const updated = await runGit(['update-ref', '-m', input.message, input.ref, input.newOid, input.oldOid], {
    cwd: input.cwd,
  });
  if (updated.code === 0) return ok(undefined);
  const now = await resolveCommit(input.cwd, input.ref);
  if (now !== input.oldOid) {
    return err('REF_MOVED', `${input.ref} moved to ${now?.slice(0, 12) ?? 'nothing'} while merging; starting over`, {
      where: input.ref,
    });
  }
  return err('REF_UPDATE_FAILED', `Could not move ${input.ref}: ${updated.stderr.trim()}`, { where: input.ref });
}
