# Too many words is a script error too.
alloc A 0 GFP_KERNEL __GFP_ZERO
