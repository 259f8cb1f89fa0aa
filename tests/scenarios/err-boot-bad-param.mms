# A boot parameter the machine does not know is a script error.
boot mem=64M frobnicate=1
