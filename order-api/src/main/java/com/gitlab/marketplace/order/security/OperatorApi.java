package com.gitlab.marketplace.order.security;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The operator API's resources: every call first checks that the token's client is still enabled. */
@NameBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface OperatorApi {
}
