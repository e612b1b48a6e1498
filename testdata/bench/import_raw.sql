-- B1b peer: the practical limit of a CSV import into SQLite. The sqlite3
-- shell loads the raw register into one table (bench.sh runs
--   sqlite3 RAW.db -cmd ".import --csv REGISTER.csv register" < import_raw.sql
-- .import takes the header row as column names, and loads in one
-- transaction), then this builds two indexes: the address and the name.
CREATE INDEX register_address ON register ("楼号", "单元", "室号");
CREATE INDEX register_name ON register ("姓名");
