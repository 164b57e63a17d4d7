import { Pool } from "pg";

export const pool = new Pool({
  host: "pg.internal",
  user: "api",
  password: "ts-Pool-AxymPOnm",
  database: "api",
});
