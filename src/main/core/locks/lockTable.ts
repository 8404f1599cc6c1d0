import type { PlanTask } from '../../../shared/plan/plan';
import { conflictingGlobs, literalPrefix, lockSetOf, type LockMode, type LockSet } from './lockOverlap';

/**
 * The locks held right now by running tasks (in memory; the dispatcher and the wave preview use it).
 * Held globs are indexed in a tree of their literal prefixes, so a check reads one path of that tree
 * instead of comparing against every holder. Each request's tree node is worked out once and kept, so
 * a repeated check (the wave preview re-checks a deferred task in every wave) costs a few field reads.
 *
 * Which holder is named when several block: the one that acquired first, so reasons are deterministic.
 */

export type LockCheck = { ok: true } | { ok: false; heldBy: string; globs: string[] };

export type LockRequest = Pick<PlanTask, 'id' | 'files' | 'reads'>;

interface Entry {
  readonly owner: string;
  readonly mode: LockMode;
  /** Acquisition order: the lowest blocking one is reported. */
  readonly seq: number;
}

/**
 * One literal prefix (a path) in the tree. Nodes are never removed (a run names a bounded set of globs),
 * so a prepared request can keep a direct reference to its node.
 */
interface Node {
  readonly parent: Node | null;
  /** Null until the first child: most nodes are leaves (one file). Only a release walks them. */
  children: Node[] | null;
  entries: Entry[];
  /** Earliest of this node's own entries, of any mode / exclusive only (null when none). */
  ownAny: Entry | null;
  ownExclusive: Entry | null;
  /** Earliest entry at or below this node, of any mode / exclusive only (null when none). */
  firstAny: Entry | null;
  firstExclusive: Entry | null;
  /** Holds or held an entry since the last `clear`, so `clear` knows what to reset. */
  touched: boolean;
}

function newNode(parent: Node | null): Node {
  return { parent, children: null, entries: [], ownAny: null, ownExclusive: null, firstAny: null, firstExclusive: null, touched: false };
}

function earlier(a: Entry | null, b: Entry | null): Entry | null {
  if (!a) return b;
  if (!b) return a;
  return a.seq <= b.seq ? a : b;
}

/**
 * A task's locks resolved against one table (the tree node of each glob's literal prefix), for callers
 * that check the same task many times. Only valid with the table that prepared it.
 */
export interface PreparedLocks {
  readonly id: string;
  readonly files: readonly string[] | undefined;
  readonly reads: readonly string[] | undefined;
  readonly locks: LockSet;
  readonly globs: readonly { readonly node: Node; readonly shared: boolean }[];
}

export class LockTable {
  private readonly root: Node = newNode(null);
  /** Every node by its literal prefix, so a glob finds its node with one lookup (the root is ''). */
  private readonly nodes = new Map<string, Node>([['', this.root]]);
  private readonly owners = new Map<string, { locks: LockSet; nodes: Node[] }>();
  /** By task id; a WeakMap by task object would cost far more in garbage collection for large plans. */
  private readonly prepared = new Map<string, PreparedLocks>();
  private touched: Node[] = [];
  private seq = 0;

  /** Whether `task` could take its locks now; when not, the first holder in its way and that holder's globs. */
  canAcquire(task: LockRequest): LockCheck {
    const held = this.owners.get(task.id);
    if (held) return { ok: false, heldBy: task.id, globs: [...held.locks.exclusive, ...held.locks.shared] };
    const request = this.prepare(task);
    const first = this.firstBlocking(request);
    if (!first) return { ok: true };
    const holder = this.owners.get(first.owner);
    return { ok: false, heldBy: first.owner, globs: holder ? conflictingGlobs(holder.locks, request.locks) : [] };
  }

  /** Takes all of the task's locks, or none (and says who is in the way). A task without globs always gets in. */
  acquire(task: LockRequest): LockCheck {
    return this.tryAcquire(task) === null ? { ok: true } : this.canAcquire(task);
  }

  /** Takes all of the task's locks and returns null, or takes none and returns the first holder in the way. */
  tryAcquire(task: LockRequest): string | null {
    return this.tryAcquirePrepared(this.prepare(task));
  }

  /** `tryAcquire` for a prepared request: no lookups, which is what the wave preview's inner loop needs. */
  tryAcquirePrepared(request: PreparedLocks): string | null {
    const first = this.firstBlocking(request);
    if (first) return first.owner;
    // Checked after the tree (a deferred task is checked again and again, and the tree answers it first).
    if (this.owners.has(request.id)) return request.id;
    const nodes: Node[] = [];
    for (const { node, shared } of request.globs) {
      const entry: Entry = { owner: request.id, mode: shared ? 'shared' : 'exclusive', seq: this.seq++ };
      node.entries.push(entry);
      node.ownAny = earlier(node.ownAny, entry);
      if (!shared) node.ownExclusive = earlier(node.ownExclusive, entry);
      for (let at: Node | null = node; at; at = at.parent) {
        at.firstAny = earlier(at.firstAny, entry);
        if (!shared) at.firstExclusive = earlier(at.firstExclusive, entry);
        if (!at.touched) {
          at.touched = true;
          this.touched.push(at);
        }
      }
      nodes.push(node);
    }
    this.owners.set(request.id, { locks: request.locks, nodes });
    return null;
  }

  /** Lets go of everything `id` holds; false when it held nothing. */
  release(id: string): boolean {
    const held = this.owners.get(id);
    if (!held) return false;
    this.owners.delete(id);
    for (const node of new Set(held.nodes)) {
      node.entries = node.entries.filter((entry) => entry.owner !== id);
      this.refreshUpwards(node);
    }
    return true;
  }

  /** Releases every lock at once (the wave preview starts each wave afresh). */
  clear(): void {
    for (const node of this.touched) {
      node.entries = [];
      node.ownAny = node.ownExclusive = node.firstAny = node.firstExclusive = null;
      node.touched = false;
    }
    this.touched = [];
    this.owners.clear();
  }

  holds(id: string): boolean {
    return this.owners.has(id);
  }

  /** The locks `id` holds, or undefined. */
  locksOf(id: string): LockSet | undefined {
    return this.owners.get(id)?.locks;
  }

  /** Ids holding locks (including tasks that hold no globs), in acquisition order. */
  holders(): string[] {
    return [...this.owners.keys()];
  }

  get size(): number {
    return this.owners.size;
  }

  /** Resolves a task's globs against this table; kept by id and reused while the task's globs stay the same. */
  prepare(task: LockRequest): PreparedLocks {
    const known = this.prepared.get(task.id);
    // A task given other globs since (a new task object, or new arrays) is prepared afresh.
    if (known && known.files === task.files && known.reads === task.reads) return known;
    const locks = lockSetOf(task);
    const globs: { node: Node; shared: boolean }[] = [];
    for (const glob of locks.exclusive) globs.push({ node: this.nodeFor(glob), shared: false });
    for (const glob of locks.shared) globs.push({ node: this.nodeFor(glob), shared: true });
    const compiled: PreparedLocks = { id: task.id, files: task.files, reads: task.reads, locks, globs };
    this.prepared.set(task.id, compiled);
    return compiled;
  }

  /** The node of the glob's literal prefix, made (with its ancestors) as needed. */
  private nodeFor(glob: string): Node {
    return this.nodeOfPrefix(literalPrefix(glob));
  }

  private nodeOfPrefix(prefix: string): Node {
    const known = this.nodes.get(prefix);
    if (known) return known;
    const cut = prefix.lastIndexOf('/');
    const parent = this.nodeOfPrefix(cut < 0 ? '' : prefix.slice(0, cut));
    const node = newNode(parent);
    parent.children ??= [];
    parent.children.push(node);
    this.nodes.set(prefix, node);
    return node;
  }

  /**
   * The earliest held entry that blocks the request: for each glob, entries on the ancestors of its prefix
   * (including the root, home of empty-prefix globs) and everything at or below the prefix. A shared glob
   * is only blocked by exclusive entries.
   */
  private firstBlocking(request: PreparedLocks): Entry | null {
    let first: Entry | null = null;
    for (const { node, shared } of request.globs) {
      first = earlier(first, shared ? node.firstExclusive : node.firstAny);
      for (let at = node.parent; at; at = at.parent) first = earlier(first, shared ? at.ownExclusive : at.ownAny);
    }
    return first;
  }

  /** Recomputes aggregates from `node` up to the root after a release. */
  private refreshUpwards(start: Node): void {
    for (let node: Node | null = start; node; node = node.parent) {
      let ownAny: Entry | null = null;
      let ownExclusive: Entry | null = null;
      for (const entry of node.entries) {
        ownAny = earlier(ownAny, entry);
        if (entry.mode === 'exclusive') ownExclusive = earlier(ownExclusive, entry);
      }
      node.ownAny = ownAny;
      node.ownExclusive = ownExclusive;
      let any = ownAny;
      let exclusive = ownExclusive;
      for (const child of node.children ?? []) {
        any = earlier(any, child.firstAny);
        exclusive = earlier(exclusive, child.firstExclusive);
      }
      node.firstAny = any;
      node.firstExclusive = exclusive;
    }
  }
}
