# Runbook 002, phase 1 step 3 (IAM roles and policies), as an offline null_resource.
terraform {
  required_providers {
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1.2"
    }
  }
}

resource "null_resource" "roles" {
  triggers = {
    cluster_name = var.cluster_name
    account_id   = var.account_id
  }
}
