/** Benchmarks (profile "bench"): figures for docs/BENCHMARKS.md, never pass/fail timing tests. */
package org.homebound.bench;
