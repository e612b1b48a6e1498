-- 0022: group buys (团购, issue 19). A buy (title, lead, building, supplier,
-- closing time), its items (prices in integer fen), fees, the orders by
-- household and item (keyed by household: WeChat renumbers a 接龙), the lines
-- of the last import that were not orders (masked), payments, the supplier's
-- invoice, deliveries, shortfalls taken from orders, and each household's
-- bill as recorded (vol buy check recomputes it). Register (replayed).
CREATE TABLE buys (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    lead_id    TEXT NOT NULL,
    building   TEXT NOT NULL DEFAULT '',
    supplier   TEXT NOT NULL DEFAULT '',
    closes     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE buy_items (
    id        TEXT PRIMARY KEY,
    buy_id    TEXT NOT NULL,
    name      TEXT NOT NULL,
    unit      TEXT NOT NULL,
    price_fen INTEGER NOT NULL,
    aliases   TEXT NOT NULL DEFAULT '',
    why       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX buy_items_buy ON buy_items (buy_id);
CREATE TABLE buy_fees (
    id     TEXT PRIMARY KEY,
    buy_id TEXT NOT NULL,
    fen    INTEGER NOT NULL,
    why    TEXT NOT NULL,
    split  TEXT NOT NULL
) STRICT;
CREATE INDEX buy_fees_buy ON buy_fees (buy_id);
CREATE TABLE buy_orders (
    id           TEXT PRIMARY KEY,
    buy_id       TEXT NOT NULL,
    household_id TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    qty          INTEGER NOT NULL,
    seq          INTEGER NOT NULL
) STRICT;
CREATE INDEX buy_orders_buy ON buy_orders (buy_id, household_id);
CREATE TABLE buy_errors (
    id     TEXT PRIMARY KEY,
    buy_id TEXT NOT NULL,
    line   INTEGER NOT NULL,
    text   TEXT NOT NULL,
    reason TEXT NOT NULL
) STRICT;
CREATE INDEX buy_errors_buy ON buy_errors (buy_id);
CREATE TABLE buy_payments (
    id           TEXT PRIMARY KEY,
    buy_id       TEXT NOT NULL,
    household_id TEXT NOT NULL,
    fen          INTEGER NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX buy_payments_buy ON buy_payments (buy_id);
CREATE TABLE buy_invoices (
    id     TEXT PRIMARY KEY,
    fen    INTEGER NOT NULL,
    prices TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE buy_deliveries (
    id           TEXT PRIMARY KEY,
    buy_id       TEXT NOT NULL,
    household_id TEXT NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX buy_deliveries_buy ON buy_deliveries (buy_id);
CREATE TABLE buy_shorts (
    id           TEXT PRIMARY KEY,
    buy_id       TEXT NOT NULL,
    item_id      TEXT NOT NULL,
    household_id TEXT NOT NULL,
    qty          INTEGER NOT NULL
) STRICT;
CREATE INDEX buy_shorts_buy ON buy_shorts (buy_id);
CREATE TABLE buy_bills (
    id           TEXT PRIMARY KEY,
    buy_id       TEXT NOT NULL,
    household_id TEXT NOT NULL,
    goods_fen    INTEGER NOT NULL,
    fees_fen     INTEGER NOT NULL,
    refund_fen   INTEGER NOT NULL,
    total_fen    INTEGER NOT NULL
) STRICT;
CREATE INDEX buy_bills_buy ON buy_bills (buy_id);
