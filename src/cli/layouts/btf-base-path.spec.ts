import { release } from 'node:os';
import { btfBasePath, runningKernelOf } from './read-layout-file';

describe('btfBasePath', () => {
  it('defaults to the running kernel\'s vmlinux for a module read from /sys/kernel/btf', () => {
    expect(btfBasePath('/sys/kernel/btf/kvm_intel', undefined)).toBe('/sys/kernel/btf/vmlinux');
    expect(btfBasePath('/sys/kernel/btf/../btf/kvm_intel', undefined)).toBe('/sys/kernel/btf/vmlinux');
  });

  it('gives vmlinux itself, and a .ko file anywhere else, no default: only --btf-base', () => {
    expect(btfBasePath('/sys/kernel/btf/vmlinux', undefined)).toBeUndefined();
    expect(btfBasePath('/lib/modules/6.1.0-57-cloud-amd64/kernel/arch/x86/kvm/kvm-intel.ko', undefined)).toBeUndefined();
    expect(btfBasePath('kvm-intel.ko', 'vmlinux.btf')).toBe('vmlinux.btf');
    expect(btfBasePath('/sys/kernel/btf/kvm_intel', '/boot/vmlinux.btf')).toBe('/boot/vmlinux.btf');
  });
});

describe('runningKernelOf', () => {
  it('is the running kernel for a file under /sys/kernel/btf, and unknown elsewhere', () => {
    expect(runningKernelOf('/sys/kernel/btf/kvm_intel')).toBe(release());
    expect(runningKernelOf('kvm-intel.ko')).toBeUndefined();
  });
});
