package com.gitlab.marketplace.order.service;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** ISO 3166-1 country codes: partners may send alpha-2 or alpha-3; downstream systems get alpha-2. */
final class CountryCodes {

    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> ALPHA3_TO_ALPHA2 = ALPHA2.stream()
            .collect(Collectors.toUnmodifiableMap(alpha2 -> new Locale("", alpha2).getISO3Country(),
                    Function.identity(), (first, second) -> first));

    private CountryCodes() {
    }

    /** The alpha-2 code of an alpha-2 or alpha-3 code (any case); empty when it is neither. */
    static Optional<String> alpha2(String code) {
        String upper = code.toUpperCase(Locale.ROOT);
        return ALPHA2.contains(upper) ? Optional.of(upper) : Optional.ofNullable(ALPHA3_TO_ALPHA2.get(upper));
    }
}
