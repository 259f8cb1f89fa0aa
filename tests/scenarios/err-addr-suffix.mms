# Addresses may not end in K, M or G (lengths may).
munmap A 256M 4K
