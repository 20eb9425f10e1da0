enum _PlaceholderPlanLoading {}
