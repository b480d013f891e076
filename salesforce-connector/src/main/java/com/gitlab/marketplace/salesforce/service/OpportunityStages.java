package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import com.gitlab.marketplace.salesforce.repository.CrmOrder;
import jakarta.enterprise.context.ApplicationScoped;

/** The org's names of the opportunity stages an order goes through: open, won once billed, lost when refused. */
@ApplicationScoped
public class OpportunityStages {

    private final SalesforceConnectorConfig.Salesforce config;

    public OpportunityStages(SalesforceConnectorConfig config) {
        this.config = config.salesforce();
    }

    /** The Salesforce {@code StageName} of {@link CrmOrder#OPEN}, {@link CrmOrder#WON} or {@link CrmOrder#LOST}. */
    public String name(String stage) {
        return switch (stage) {
            case CrmOrder.WON -> config.opportunityStage();
            case CrmOrder.LOST -> config.lostOpportunityStage();
            default -> config.openOpportunityStage();
        };
    }
}
