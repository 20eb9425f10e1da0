variable "cluster_name" {
  description = "Cluster to install into (module.eks)."
  type        = string
}

variable "namespace" {
  description = "Namespace of the release."
  type        = string
  default     = "cert-manager"
}

variable "chart_version" {
  description = "cert-manager chart version."
  type        = string
  default     = "v1.14.4"
}

variable "acme_email" {
  description = "Contact address of the ACME (Let's Encrypt) account."
  type        = string
}
