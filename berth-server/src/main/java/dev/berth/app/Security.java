package dev.berth.app;

import dev.berth.api.awsjson.AccessCheck;
import dev.berth.api.awsjson.Authenticator;
import dev.berth.api.iam.IamApis;
import dev.berth.api.iam.QueryRoute;
import dev.berth.auth.SigV4Verifier;
import dev.berth.authz.AccessRequest;
import dev.berth.authz.Authorizer;
import dev.berth.authz.Contexts;
import dev.berth.authz.IdentityPolicies;
import dev.berth.authz.PolicyEngine;
import dev.berth.authz.RepositoryAccess;
import dev.berth.config.BerthConfig;
import dev.berth.http.PreAuthBudget;
import dev.berth.iam.IamService;
import dev.berth.iam.StsService;
import dev.berth.meta.DomainEvent;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The security wiring of a node: SigV4 authentication, the policy engine, identity policies and
 * repository access (cached, and dropped on every identity, policy or repository event of any
 * node), the authorizer, IAM and STS.
 */
record Security(
    Authenticator authenticator,
    PolicyEngine engine,
    IdentityPolicies identities,
    Authorizer authorizer,
    RepositoryAccess repositoryAccess,
    IamService iam,
    StsService sts) {

  static Security build(BerthConfig config, Berth.Services s, Clock clock) {
    SigV4Verifier sigv4 =
        new SigV4Verifier(
            s.credentials(),
            clock,
            Set.copyOf(config.registry().regions()),
            Set.of("ecr", "ecr-public", "iam", "sts", "organizations", "secretsmanager"));
    PolicyEngine engine = new PolicyEngine();
    IdentityPolicies identities = new IdentityPolicies(s.meta(), engine::awsManaged, clock);
    Authorizer authorizer = new Authorizer(identities, engine);
    RepositoryAccess repositoryAccess = new RepositoryAccess(authorizer, s.meta(), clock);
    IamService iam = new IamService(s.meta(), s.cipher(), engine, engine::awsManaged, clock);
    s.events()
        .subscribe(
            event -> {
              if (event.kind() != DomainEvent.Kind.IMAGE_PUSHED
                  && event.kind() != DomainEvent.Kind.IMAGE_DELETED) {
                identities.invalidate();
                repositoryAccess.invalidate();
              }
            });
    StsService sts =
        new StsService(
            s.meta(),
            s.cipher(),
            (caller, role) ->
                authorizer
                    .decide(
                        new AccessRequest(
                            caller,
                            "sts:AssumeRole",
                            role.arn(),
                            role.account(),
                            Optional.of(role.trustPolicy()),
                            trustContext(caller, clock)))
                    .allowed(),
            clock);
    return new Security(
        sigv4::precheck, engine, identities, authorizer, repositoryAccess, iam, sts);
  }

  /** The trust-policy context; STS does not pass the caller's address through here. */
  private static java.util.Map<String, java.util.List<String>> trustContext(
      dev.berth.auth.Principal caller, Clock clock) {
    var c = Contexts.base(caller, "", false, clock.instant());
    c.remove("aws:SourceIp");
    return c;
  }

  /**
   * IAM's, Organizations' and Secrets Manager's own actions are authorized against the caller's
   * identity policies (Berth keeps no resource policies on secrets).
   */
  AccessCheck iamAccess(Clock clock) {
    return (call, action, resource) ->
        authorizer.check(
            new AccessRequest(
                call.principal(),
                action,
                resource,
                call.principal().account(),
                Optional.empty(),
                Contexts.base(call.principal(), call.sourceIp(), false, clock.instant())));
  }

  QueryRoute queryRoute(Clock clock, PreAuthBudget budget) {
    return IamApis.route(
        authenticator,
        budget,
        iam,
        sts,
        iamAccess(clock),
        engine.awsManagedArns(),
        identities,
        engine,
        engine,
        clock);
  }
}
