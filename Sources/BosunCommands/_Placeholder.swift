enum _PlaceholderBosunCommands {}
