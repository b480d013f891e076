package com.gitlab.marketplace.deploy.benchmark;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * order-api's {@code order_status} row as a Panache entity would map it, for {@link PersistenceComparison}: the
 * columns its status read returns.
 */
@Entity
@Table(name = "order_status")
public class OrderStatusEntity {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "partner_id")
    public String partnerId;

    @Column(name = "external_subscription_id")
    public String externalSubscriptionId;

    public String status;

    @Column(name = "subscription_number")
    public String subscriptionNumber;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
