enum _PlaceholderProviders {}
