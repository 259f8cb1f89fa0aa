# boot must come before every other command.
alloc A 0
boot mem=64M
