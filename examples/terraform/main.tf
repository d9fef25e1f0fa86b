# Terraform: the Actions of the "partner-api" tenant, managed with the auth0 provider.

resource "auth0_action" "audit_password_change" {
  name    = "audit-password-change"
  runtime = "node22"
  deploy  = true

  code = <<-EOT
    /**
     * Post-change-password Action: records every password change for the audit log.
     */
    exports.onExecutePostChangePassword = async (event, api) => {
      console.log('password changed', event);
      await fetch('https://audit.example.com/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'password_change', user_id: event.user.user_id }),
        signal: AbortSignal.timeout(5000),
      });
    };
  EOT

  supported_triggers {
    id      = "post-change-password"
    version = "v2"
  }
}

resource "auth0_action" "m2m_tier" {
  name    = "m2m-tier"
  runtime = "node22"
  deploy  = true
  code    = file("${path.module}/actions/m2m-tier.js")

  supported_triggers {
    id      = "credentials-exchange"
    version = "v2"
  }
}
