-- Orders placed on behalf of an organization (Logto organizations): visible
-- to its members whose organization token grants read:orders.
ALTER TABLE orders ADD COLUMN organization_id TEXT;
CREATE INDEX orders_organization ON orders (organization_id, placed_at DESC);
