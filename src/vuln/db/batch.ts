/**
 * @module vuln/db/batch
 * Multi-row INSERTs. node:sqlite costs ~10–20 µs per statement call whatever its size, so bulk
 * imports send rows in groups (one call per BATCH rows) instead of one call per row.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

const BATCH = 200;

export class RowBatch {
  readonly #db: DatabaseSync;
  readonly #head: string;
  readonly #width: number;
  readonly #tuple: string;
  readonly #full: StatementSync;
  #values: SQLInputValue[] = [];

  /** `head` is e.g. `INSERT OR REPLACE INTO t (a, b)`; `width` the number of columns. */
  constructor(db: DatabaseSync, head: string, width: number) {
    this.#db = db;
    this.#head = head;
    this.#width = width;
    this.#tuple = `(${Array.from({ length: width }, () => '?').join(', ')})`;
    this.#full = db.prepare(this.#sql(BATCH));
  }

  #sql(rows: number): string {
    return `${this.#head} VALUES ${Array.from({ length: rows }, () => this.#tuple).join(', ')}`;
  }

  add(...row: SQLInputValue[]): void {
    this.#values.push(...row);
    if (this.#values.length === BATCH * this.#width) {
      this.#full.run(...this.#values);
      this.#values = [];
    }
  }

  flush(): void {
    if (this.#values.length === 0) return;
    this.#db.prepare(this.#sql(this.#values.length / this.#width)).run(...this.#values);
    this.#values = [];
  }
}
