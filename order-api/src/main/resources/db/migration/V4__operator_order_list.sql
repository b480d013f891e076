-- Operators list orders by status and by how long they have not moved (GET /admin/orders?stuckFor=), and the
-- stuck-orders gauge counts them every 30 s; without an index both would read the whole table. The price: the
-- projection's updates change updated_at, so they are no longer HOT updates and also write this index's entry
-- (three or four updates an order).
CREATE INDEX order_status_by_status_and_update ON order_status (status, updated_at, order_id);
