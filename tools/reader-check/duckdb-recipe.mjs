// Runs the DuckDB recipe of docs/reading-the-store.md exactly as written there: the ```sql blocks
// of "The views" and "DuckDB" sections are extracted from the page and executed from the directory
// that holds the store (`sweep-store/`), then each query given on the command line is run and
// its result printed as CSV (header, then rows), one query after another separated by a blank
// line. Usage: node duckdb-recipe.mjs DOC STORE_PARENT "SQL" ["SQL" ...]
import { existsSync, readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";

const [doc, storeParent, ...queries] = process.argv.slice(2);
const page = readFileSync(doc, "utf8");

function sqlBlockAfter(heading) {
  const start = page.indexOf(heading);
  if (start < 0) throw new Error(`no section '${heading}' in ${doc}`);
  const open = page.indexOf("```sql\n", start);
  const close = page.indexOf("```", open + 7);
  // Comments may hold ';': drop them before splitting into statements.
  return page.slice(open + 7, close).replace(/--[^\n]*/g, "");
}

// The DuckDB block reads the raw tables; the views block defines the views over them. The
// DuckDB block ends with an example query: run only its CREATE statements.
const raw = sqlBlockAfter("### DuckDB").split(";").filter(s => /CREATE VIEW/.test(s));
const views = sqlBlockAfter("## The views").split(";").filter(s => /CREATE VIEW/.test(s));

process.chdir(storeParent);
const db = await DuckDBInstance.create(":memory:");
const con = await db.connect();
for (const stmt of raw) await con.run(stmt);
for (const table of ["phases", "thresholds"]) {
  // "phases_raw / thresholds_raw likewise when those directories exist"
  if (!existsSync(`sweep-store/${table}`)) continue;
  await con.run(`CREATE VIEW ${table}_raw AS SELECT * FROM read_parquet('sweep-store/${table}/sweep=*/*.parquet',
      hive_partitioning = true, hive_types = {'sweep': VARCHAR}, union_by_name = true)`);
}
for (const stmt of views) {
  const source = stmt.match(/FROM (\w+)_raw/);
  if (source && !existsSync(`sweep-store/${source[1] === "sweeps" ? "sweeps" : source[1]}`)) continue;
  await con.run(stmt);
}

const out = [];
for (const q of queries) {
  const reader = await con.runAndReadAll(q);
  const rows = reader.getRowsJS();
  out.push([reader.columnNames().join(","), ...rows.map(r => r.map(v => v === null ? "" : String(v)).join(","))].join("\n"));
}
console.log(out.join("\n\n"));
