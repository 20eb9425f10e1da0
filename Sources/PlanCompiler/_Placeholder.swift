enum _PlaceholderPlanCompiler {}
