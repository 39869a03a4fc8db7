/* support/host_id.h: what identifies the machine code a compiler made for
 * this host, without asking LLVM: the CPU's identity and feature bits, and
 * the GNU build id of an executable file. The compiled-code cache keys on
 * both (backend/jit/jit_cache.h), from the compiler and from the launcher
 * that never loads LLVM (launch/launch.c). */
#ifndef BESKID_SUPPORT_HOST_ID_H
#define BESKID_SUPPORT_HOST_ID_H
#include <stddef.h>
#include <stdint.h>

#define HOST_ID_MAX 256

/* Writes bytes that differ between CPUs LLVM would generate different code
 * for (x86-64: vendor, family/model/stepping and every CPUID feature leaf
 * LLVM reads, with XCR0; elsewhere the auxiliary vector's hardware
 * capabilities). Returns the count written (at most 'cap'). */
size_t host_cpu_id(uint8_t *out, size_t cap);

/* The NT_GNU_BUILD_ID note of the ELF file at 'path' (read from its program
 * headers); returns its length, 0 when the file has none or is unreadable. */
size_t host_elf_build_id(const char *path, uint8_t *out, size_t cap);
#endif
