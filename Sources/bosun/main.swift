import BosunCommands

await BosunCommand.start()
