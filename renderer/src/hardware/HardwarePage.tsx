import { ConnectionPanel } from './ConnectionPanel';
import { ControlPanel } from './ControlPanel';
import { ProfileEditor } from './ProfileEditor';
import { SafetyPanel } from './SafetyPanel';
import { useAmpStatus } from './useAmp';
import './hardware.css';

/** The amplifier: find and connect it, watch and drive it, keep it safe, make it follow sessions. */
export function HardwarePage() {
  const status = useAmpStatus();
  return (
    <div className="hardware-page">
      <header className="page-header">
        <h1>Hardware</h1>
      </header>
      <ConnectionPanel status={status.data} />
      <ControlPanel status={status.data} />
      <SafetyPanel />
      <ProfileEditor />
    </div>
  );
}
