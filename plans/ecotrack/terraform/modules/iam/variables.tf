variable "cluster_name" {
  description = "Cluster the roles are for; prefixes the role names."
  type        = string
}

variable "account_id" {
  description = "Cloud account the roles live in (a placeholder offline)."
  type        = string
}
