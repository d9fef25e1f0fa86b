# Hooks of the partner-api tenant.

resource "auth0_hook" "post_signup" {
  name       = "post-signup"
  trigger_id = "post-user-registration"
  enabled    = true
  secrets = {
    SLACK_URL = "https://hooks.slack.example/tf-secret-value-789"
  }

  script = <<-EOT
    module.exports = function (user, context, cb) {
      console.log('registered', user.id);
      cb();
    };
  EOT
}

resource "auth0_hook" "password_audit" {
  name       = "password-audit"
  trigger_id = "post-change-password"
  enabled    = true
  script     = file("${path.module}/hooks/password-audit.js")
}

# the last line stays the last line
