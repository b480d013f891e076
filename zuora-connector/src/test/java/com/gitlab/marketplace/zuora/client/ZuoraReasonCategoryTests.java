package com.gitlab.marketplace.zuora.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every category of Zuora's reason codes (API.md §4) goes the right way: retried, or reported as refused. */
class ZuoraReasonCategoryTests {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "50000010, permission, false",
        "90000011, authentication, false",
        "53100320, invalid value, false",
        "50000021, unknown field, false",
        "50000022, missing field, false",
        "53100330, business rule, false",
        "50000040, not found, false",
        "50000050, lock contention, true",
        "50000060, internal error, false",
        "50000061, temporary error, true",
        "50000070, concurrency limit, true",
        "50000090, malformed JSON, false",
        "50000099, integration, true"})
    void aReasonIsRetriedExactlyWhenItsCategoryMayPass(String code, String category, boolean retried) {
        ZuoraFailure failure = ZuoraApi.reasonFailure(code, category);
        assertThat(failure).isInstanceOf(retried ? ZuoraFailure.Transient.class : ZuoraFailure.Rejected.class);
        assertThat(failure.code()).isEqualTo(code);
    }
}
