terraform {
  required_providers {
    auth0 = {
      source  = "auth0/auth0"
      version = ">= 1.0.0"
    }
  }
}

resource "auth0_hook" "m2m_claims" {
  name       = "m2m-claims"
  trigger_id = "credentials-exchange"
  enabled    = true
  script     = file("${path.module}/hooks/m2m-claims.js")
}

resource "auth0_action" "heredoc" {
  name    = "heredoc"
  runtime = "node22"
  deploy  = true
  code    = <<-EOT
    exports.onExecuteCredentialsExchange = async (event, api) => {
      const axios = require('axios@1.6.0');
      api.accessToken.setCustomClaim('https://example.com/tier', 'gold');
    };
  EOT

  supported_triggers {
    id      = "credentials-exchange"
    version = "v2"
  }

  dependencies {
    name    = "axios"
    version = "1.6.0"
  }
}

resource "auth0_action" "from_file" {
  name = "from-file"
  code = file("${path.module}/actions/from-file.js")

  supported_triggers {
    id      = "post-login"
    version = "v3"
  }
}

resource "auth0_action" "from_template" {
  name = "from-template"
  code = templatefile("${path.module}/actions/from-template.js", { domain = var.domain })

  supported_triggers {
    id      = "pre-user-registration"
    version = "v2"
  }
}

resource "auth0_action" "one_line" {
  name = "one-line"
  code = "exports.onExecutePostLogin = async (event, api) => { api.access.deny(require('lodash@4').noop()); };"

  supported_triggers {
    id      = "post-logn"
    version = "v3"
  }
}
