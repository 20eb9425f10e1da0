variable "cluster_name" {
  description = "Cluster to install into (module.eks); also the TXT owner id."
  type        = string
}

variable "namespace" {
  description = "Namespace of the release."
  type        = string
  default     = "external-dns"
}

variable "chart_version" {
  description = "external-dns chart version."
  type        = string
  default     = "1.14.3"
}

variable "domain" {
  description = "DNS zone external-dns manages, e.g. ecotrack.dev."
  type        = string
}
