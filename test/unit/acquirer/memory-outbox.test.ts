// The in-memory storage port against the port contract (the SQLite implementation runs the same contract).
import { MemoryOutbox } from '../../../acquirer/memory-outbox';
import { runOutboxPortContract } from './outbox-port-contract';

runOutboxPortContract('MemoryOutbox', (options) => new MemoryOutbox(options));
